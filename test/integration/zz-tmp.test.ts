throw new Error('broken test module');
